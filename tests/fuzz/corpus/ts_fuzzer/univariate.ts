@problemName Uni
@timeStamps false
@univariate true
@classLabel false
@data
1.0,2.0,3.0,4.0
5,6
